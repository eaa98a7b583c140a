"""The editors' page and the API docs, served by the app itself: plain HTML, CSS and JavaScript, no build step.

The page is one static document (`static/page.html`) for every address it answers (`/`, `/jobs/{id}`, so a job's
link can be shared); its script calls the `/v1` API with the editor's token and writes article text into the page
only as text (`textContent`), never as markup.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

STATIC = Path(__file__).parent / "static"
PAGE = STATIC / "page.html"


def mount_page(app: FastAPI) -> None:
    """The page at `/` and `/jobs/{id}`, its assets at `/static`, the API docs at `/v1/docs`."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/v1/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(PAGE, media_type="text/html")

    @app.get("/jobs/{job_id}", include_in_schema=False)
    async def job_page(job_id: str) -> FileResponse:
        return FileResponse(PAGE, media_type="text/html")

    @app.get("/v1/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/v1/openapi.json",
            title="summarize API",
            swagger_js_url="/v1/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/v1/docs-assets/swagger-ui.css",
            swagger_favicon_url="/v1/docs-assets/favicon-32x32.png",
        )
