"""Stand-ins for tests and benchmarks: a fake model client on the real interface, and loopback model servers.

`FakeModel` answers from queues (no server): the seam for tests about our logic. `fake_openai` is an
OpenAI-compatible server that answers like a model after a set latency (batch and service benchmarks);
`fault_server` answers from a script of faults (the failure contract's tests and `evals/fault_table.py`).
"""

from summarize.testing._fake_model import FakeModel
from summarize.testing._fault_server import FaultServer, Step, answer, fault_server
from summarize.testing._stand_in_server import FakeOpenAI, fake_openai, summary_arguments

__all__ = [
    "FakeModel",
    "FakeOpenAI",
    "FaultServer",
    "Step",
    "answer",
    "fake_openai",
    "fault_server",
    "summary_arguments",
]
