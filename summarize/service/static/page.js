// The editors' page: post a job to the /v1 API, follow its progress (server-sent events), show its result.
// Article text is untrusted: it reaches the page only through textContent (el() below), never as markup.
"use strict";

const TOKEN_KEY = "summarize-token";
const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---- the token -------------------------------------------------------------------------------------------------
function token() {
  return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY) || "";
}

function saveToken(event) {
  event.preventDefault();
  const value = $("token").value.trim();
  sessionStorage.setItem(TOKEN_KEY, value);
  if ($("remember").checked) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
  $("token").value = "";
  showToken();
}

function showToken() {
  $("token-form").hidden = Boolean(token());
  $("token-set").hidden = !token();
  $("token-status").textContent = token() ? "" : "no token yet";
}

function changeToken() {
  $("token-form").hidden = false;
  $("token-set").hidden = true;
  $("token").focus();
}

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(problemText(data, response.status));
  return data;
}

function problemText(problem, status) {
  if (!problem || !problem.title) return `The service answered ${status}.`;
  const hint = status === 401 ? " Paste your access token at the top of the page." : "";
  return `${problem.title}: ${problem.detail || ""}${hint}`;
}

// ---- the form --------------------------------------------------------------------------------------------------
function mode() {
  return document.querySelector("input[name=mode]:checked").value;
}

function addArticle() {
  const block = $("article-template").content.firstElementChild.cloneNode(true);
  block.querySelector(".upload").addEventListener("change", (event) => readFile(event.target, block));
  block.querySelector(".remove").addEventListener("click", () => {
    block.remove();
    showMode();
  });
  $("articles").append(block);
  showMode();
  return block;
}

function readFile(input, block) {
  const file = input.files[0];
  if (!file) return;
  file.text().then((text) => {
    block.querySelector(".text").value = text;
    const name = block.querySelector(".name");
    if (!name.value) name.value = file.name.replace(/\.[^.]+$/, "");
  });
}

function showMode() {
  const current = mode();
  const blocks = [...document.querySelectorAll("#articles .article")];
  while (current === "story" && blocks.length < 2) blocks.push(addArticle());
  blocks.forEach((block, index) => {
    block.querySelector("legend").textContent =
      current === "story" ? `Version ${index + 1}` : current === "check" ? `Source ${index + 1}` : "Article";
    block.querySelector(".remove").hidden = current === "summary" || blocks.length <= (current === "story" ? 2 : 1);
    block.hidden = current === "summary" && index > 0;
  });
  $("add-article").hidden = current === "summary";
  $("add-article").textContent = current === "story" ? "Add another version" : "Add another source";
  $("summary-field").hidden = current !== "check";
  $("also-check-field").hidden = current !== "summary";
}

function articles() {
  return [...document.querySelectorAll("#articles .article")]
    .filter((block) => !block.hidden)
    .map((block) => {
      const name = block.querySelector(".name").value.trim();
      return name ? { text: block.querySelector(".text").value, name } : { text: block.querySelector(".text").value };
    });
}

async function submitJob(event) {
  event.preventDefault();
  $("form-error").textContent = "";
  const sources = articles();
  const requests = {
    summary: () => ["/v1/summaries", { article: sources[0], check: $("also-check").checked }],
    check: () => ["/v1/checks", { sources, summary: $("summary-text").value }],
    story: () => ["/v1/stories", { sources }],
  };
  const [path, body] = requests[mode()]();
  $("start").disabled = true;
  try {
    const accepted = await api("POST", path, body);
    history.pushState({}, "", `/jobs/${accepted.id}`);
    follow(accepted.id);
  } catch (error) {
    $("form-error").textContent = error.message;
  } finally {
    $("start").disabled = false;
  }
}

// ---- following a job -------------------------------------------------------------------------------------------
let following = null;

async function follow(id) {
  if (following) following.abort();
  following = new AbortController();
  $("new").hidden = true;
  $("job").hidden = false;
  $("job-title").textContent = `Job ${id.slice(0, 8)}`;
  $("share").href = `/jobs/${id}`;
  $("result").replaceChildren();
  $("job-error").textContent = "";
  try {
    await stream(id, following.signal);
    if (!["done", "failed", "cancelled"].includes($("job-status").dataset.status)) await poll(id, following.signal);
  } catch (error) {
    if (error.name === "AbortError") return;
    $("job-error").textContent = error.message;
    await poll(id, following.signal).catch((failure) => ($("job-error").textContent = failure.message));
  }
}

async function stream(id, signal) {
  const response = await fetch(`/v1/jobs/${id}/events`, {
    headers: { Authorization: `Bearer ${token()}`, Accept: "text/event-stream" },
    signal,
  });
  if (!response.ok) throw new Error(problemText(await response.json().catch(() => ({})), response.status));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = parseEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event && event.data) show(JSON.parse(event.data));
    }
  }
}

function parseEvent(block) {
  const event = { name: "message", data: "" };
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event.name = line.slice(6).trim();
    else if (line.startsWith("data:")) event.data += line.slice(5).trim();
  }
  return event;
}

async function poll(id, signal) {
  while (!signal.aborted) {
    const job = await api("GET", `/v1/jobs/${id}`);
    show(job);
    if (["done", "failed", "cancelled"].includes(job.status)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function show(job) {
  if (!job.status) return;
  const progress = job.progress || {};
  const stage = job.status === "running" && progress.stage ? `: ${progress.stage}` : "";
  $("job-status").textContent = `${job.kind || "job"} ${job.status}${stage}`;
  $("job-status").dataset.status = job.status;
  $("job-progress").max = progress.total || 1;
  $("job-progress").value = job.status === "done" ? progress.total || 1 : progress.done || 0;
  $("cancel").hidden = !["queued", "running"].includes(job.status);
  if (job.status === "failed" && job.error) $("job-error").textContent = problemText(job.error, job.error.status);
  if (job.status === "done" && job.result) $("result").replaceChildren(render(job.kind, job.result));
}

async function cancel() {
  const id = location.pathname.split("/").pop();
  try {
    show(await api("DELETE", `/v1/jobs/${id}`));
  } catch (error) {
    $("job-error").textContent = error.message;
  }
}

// ---- results ---------------------------------------------------------------------------------------------------
function render(kind, result) {
  if (kind === "summary") return renderSummary(result);
  if (kind === "check") return renderCheck(result);
  if (kind === "story") return renderStory(result);
  return renderBatch(result);
}

function badge(verdict) {
  return el("span", { class: `badge ${verdict}` }, verdict.replace(/_/g, " "));
}

function renderSummary(result) {
  const article = el(
    "div",
    { class: "article-text", id: "article-text", tabindex: "-1" },
    result.article.sentences.map((s) => el("span", { class: "sentence", "data-id": s.id }, el("sup", {}, s.id), s.text, " ")),
  );
  const checked = new Map((result.verification ? result.verification.points : []).filter((p) => p.kept).map((p) => [p.text, p]));
  const points = result.summary.key_points.map((point, index) => {
    const verification = checked.get(point.text);
    const button = el(
      "button",
      { type: "button", class: "point", "aria-pressed": "false", "aria-controls": "article-text" },
      el("span", { class: "cites" }, point.sentence_ids.join(" ")),
      point.text,
    );
    button.addEventListener("click", () => highlight(button, point.sentence_ids));
    const verified = verification ? el("span", { class: "presented" }, "verified: ", badge(verification.verdict)) : null;
    const presented = el("span", { class: "presented" }, `presented as ${point.presented_as.replace(/_/g, " ")}`);
    return el("li", {}, button, el("div", { class: "meta" }, presented, verified), claimsFor(result.check, index));
  });
  const summary = el(
    "section",
    { class: "summary", "aria-label": "Summary" },
    el("h3", {}, result.summary.headline),
    el("p", { class: "lead" }, result.summary.summary),
    el("h4", {}, "Key points (choose one to see its sentences in the article)"),
    el("ol", { class: "points" }, points),
    quotes(result.summary.quotes),
    result.check ? checkHeadline(result.check) : null,
    el("p", { class: "provenance" }, `Model ${result.model}, prompt ${result.prompt_version}.`),
  );
  return el("div", { class: "columns" }, summary, el("section", { class: "source", "aria-label": "Article" }, el("h3", {}, result.article.title || "The article"), article));
}

function highlight(button, ids) {
  const pressed = button.getAttribute("aria-pressed") === "true";
  document.querySelectorAll(".point[aria-pressed=true]").forEach((b) => b.setAttribute("aria-pressed", "false"));
  document.querySelectorAll(".sentence.cited").forEach((s) => s.classList.remove("cited"));
  if (pressed) return;
  button.setAttribute("aria-pressed", "true");
  const cited = ids.map((id) => document.querySelector(`.sentence[data-id="${CSS.escape(id)}"]`)).filter(Boolean);
  cited.forEach((s) => s.classList.add("cited"));
  if (cited[0]) cited[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
}

function quotes(list) {
  if (!list || !list.length) return null;
  return el("div", {}, el("h4", {}, "Quotes"), el("ul", { class: "quotes" }, list.map((q) => el("li", {}, el("q", {}, q.text), " ", el("span", { class: "speaker" }, `(${q.speaker}, ${q.sentence_id})`)))));
}

function claimsFor(report, index) {
  if (!report) return null;
  const claims = report.claims.filter((c) => c.key_point === index);
  return claims.length ? el("div", { class: "claims" }, claims.map((c) => claim(c, true))) : null;
}

function claim(c, underPoint) {
  const label = underPoint ? `the checker's evidence (${c.evidence.length} sentences)` : c.claim;
  return el(
    "details",
    { class: `claim ${c.verdict}` },
    el("summary", {}, badge(c.verdict), " ", label),
    el("p", { class: "rationale" }, c.rationale),
    el("ul", { class: "evidence" }, c.evidence.map((e) => el("li", {}, el("span", { class: "cites" }, `${e.source} ${e.sentence_id}`), e.text))),
  );
}

function checkHeadline(report) {
  const counts = Object.entries(report.counts).map(([verdict, n]) => `${n} ${verdict.replace(/_/g, " ")}`).join(", ");
  const verdict = report.consistent ? "consistent" : "not consistent";
  const judge = report.judge ? `judge ${report.judge.model}, threshold ${report.judge.threshold}` : "no judge ran";
  return el("p", { class: `check-headline ${report.consistent ? "supported" : "contradicted"}` }, `Check: ${verdict} (${counts}; ${judge}).`);
}

function renderCheck(report) {
  return el("section", { class: "check" }, el("h3", {}, "Check of the summary"), checkHeadline(report), el("div", { class: "claims" }, report.claims.map((c) => claim(c, false))));
}

function renderStory(report) {
  const labels = report.sources.map((s) => s.label);
  return el(
    "section",
    { class: "story" },
    el("h3", {}, `${labels.length} versions: ${report.disagreements.length} disagreements, ${report.facts.length} facts`),
    el("p", {}, `Closest to the common account: ${report.closest} (${report.closest_reason}).`),
    el("h4", {}, "Where the outlets differ"),
    el("ol", { class: "disagreements" }, report.disagreements.map(disagreement)),
    report.summary ? el("div", {}, el("h4", {}, `Combined summary (from ${report.summary.source})`), el("p", { class: "lead" }, report.summary.headline), el("p", {}, report.summary.summary)) : null,
    el("h4", {}, "Facts by outlet"),
    factsTable(report.facts, labels),
  );
}

function disagreement(d) {
  const excerpts = d.excerpts.map((e, i) => {
    const others = d.excerpts.filter((_, j) => j !== i).map((o) => o.text);
    return el("blockquote", { class: "excerpt" }, el("cite", {}, `${e.source} ${e.sentence_id}`), el("p", {}, marked(e.text, others)));
  });
  return el("li", {}, el("p", {}, el("strong", {}, d.kind.replace(/_/g, " ")), ` (${d.sources.join(", ")}): ${d.explanation}`), el("div", { class: "excerpts" }, excerpts));
}

function words(text) {
  return text.split(/(\s+)/).filter((w) => w.length);
}

function normal(word) {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

// The words of `text` that the longest common subsequence with another excerpt leaves out are marked.
function marked(text, others) {
  const mine = words(text);
  if (!others.length) return mine.join("");
  const kept = common(mine.filter((w) => w.trim()).map(normal), words(others[0]).filter((w) => w.trim()).map(normal));
  let index = 0;
  return mine.map((word) => {
    if (!word.trim()) return word;
    const same = kept.has(index++);
    return same || !normal(word) ? word : el("mark", { class: "differs" }, word);
  });
}

function common(a, b) {
  const table = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  const kept = new Set();
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      kept.add(i);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return kept;
}

function factsTable(facts, labels) {
  const marks = { supports: "✓", contradicts: "✗", not_mentioned: "–" };
  const head = el("tr", {}, el("th", { scope: "col" }, "Fact"), labels.map((l) => el("th", { scope: "col" }, l)));
  const rows = facts.map((f) =>
    el("tr", {}, el("th", { scope: "row" }, `${f.id} `, f.text), f.support.map((s) => el("td", { class: s.stance, title: s.stance.replace(/_/g, " ") }, marks[s.stance], " ", s.sentence_ids.join(" ")))),
  );
  return el("div", { class: "table" }, el("table", {}, el("thead", {}, head), el("tbody", {}, rows)));
}

function renderBatch(result) {
  const s = result.summary;
  const rows = result.items.map((item) =>
    el("tr", {}, el("td", {}, item.id), el("td", {}, item.status), el("td", {}, item.result ? item.result.summary.headline : item.error ? `${item.error.kind}: ${item.error.message}` : "")),
  );
  return el(
    "section",
    {},
    el("h3", {}, `Batch: ${s.ok} ok, ${s.failed} failed, of ${s.total}`),
    el("div", { class: "table" }, el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "id"), el("th", {}, "status"), el("th", {}, "headline or error"))), el("tbody", {}, rows))),
  );
}

// ---- start -----------------------------------------------------------------------------------------------------
function route() {
  const match = location.pathname.match(/^\/jobs\/([0-9a-f]{32})$/);
  if (match) follow(match[1]);
  else {
    if (following) following.abort();
    $("job").hidden = true;
    $("new").hidden = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("token-form").addEventListener("submit", saveToken);
  $("change-token").addEventListener("click", changeToken);
  showToken();
  $("job-form").addEventListener("submit", submitJob);
  $("add-article").addEventListener("click", () => addArticle().querySelector("textarea").focus());
  document.querySelectorAll("input[name=mode]").forEach((radio) => radio.addEventListener("change", showMode));
  $("cancel").addEventListener("click", cancel);
  window.addEventListener("popstate", route);
  addArticle();
  route();
});
