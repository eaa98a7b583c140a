"""Batch runs: archives and daily wires, concurrent and resumable, one JSON line per item in a results file.

Inputs are streamed (`_inputs.py`), results appended and keyed so that a rerun skips what is done (`_results.py`),
and the run itself bounds concurrency and survives interruption (`_run.py`), on asyncio workers or on Ray
actors (`_ray.py`), running the same per-item code (`_item.py`).
"""

from summarize.batch._inputs import BatchItem, read_items
from summarize.batch._results import BatchError, BatchResult
from summarize.batch._run import BatchSummary, abatch, batch

__all__ = ["BatchError", "BatchItem", "BatchResult", "BatchSummary", "abatch", "batch", "read_items"]
