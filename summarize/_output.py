"""The base of the models that make up a JSON output: each field's description is its attribute docstring, so the
published JSON Schemas (`schemas/`, `summarize schema NAME`) describe every property."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Output(BaseModel):
    """A model that is part of a JSON output; document every field with an attribute docstring."""

    model_config = ConfigDict(use_attribute_docstrings=True)
