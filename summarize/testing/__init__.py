"""Stand-ins for tests and benchmarks: a fake model client on the real interface, and loopback model servers.

`FakeModel` answers from queues (no server): the seam for tests about our logic. `fake_openai` is an
OpenAI-compatible server that answers like a model after a set latency (batch and service benchmarks);
`fault_server` answers from a script of faults (the failure contract's tests and `evals/fault_table.py`);
`headless_chromium` renders the pages in tests and screenshots.
"""

from summarize.testing._browser import CHROMIUM_ARGS, chromium_path, headless_chromium
from summarize.testing._fake_model import FakeModel
from summarize.testing._fault_server import FaultServer, Step, answer, fault_server
from summarize.testing._stand_in_server import FakeOpenAI, fake_openai, summary_arguments

__all__ = [
    "CHROMIUM_ARGS",
    "FakeModel",
    "FakeOpenAI",
    "FaultServer",
    "Step",
    "answer",
    "chromium_path",
    "fake_openai",
    "fault_server",
    "headless_chromium",
    "summary_arguments",
]
