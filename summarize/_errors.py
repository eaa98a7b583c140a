"""The one error tree of `summarize`: every failure a user can meet is a `SummarizeError` with a one-line message.

```
SummarizeError
├── InputError                      the user's input cannot be used          exit 2
│   ├── InputFileError              missing, unreadable, not a regular file  exit 4
│   ├── EmptyInputError             empty, whitespace only, or binary        exit 5
│   ├── NoArticleTextError          no article text found                    exit 6
│   │   └── NotEnglishError         text in another language or script       exit 6
│   ├── ArticleTooLongError         longer than a limit or the model context exit 7
│   ├── OutputError                 an output location that cannot be used   exit 2
│   │   └── OutputExistsError       --output would overwrite a file          exit 2
│   └── DatasetError                an eval dataset that cannot be read      exit 2
└── ModelError                      the model or provider failed              exit 3
    ├── ModelNotInstalledError      embedded model extra missing             exit 8
    ├── ModelIntegrityError         assembled model fails its SHA-256        exit 8
    ├── ProviderAuthError           provider refused the credentials         exit 9
    ├── ProviderUnreachableError    connection refused, timeouts, 5xx        exit 10
    │   └── DeadlineError           the command ran past --deadline          exit 10
    ├── ProviderRequestError        the provider rejected the request        exit 3
    ├── InvalidModelOutputError     still invalid after the re-asks          exit 11
    └── ReplayMissError             no recording for this request            exit 12
```

Every command exits with the same code for the same error (the README's table).
"""

from __future__ import annotations


class SummarizeError(Exception):
    """Base of every error `summarize` raises on purpose."""

    exit_code: int = 1
    """Exit code of every command for this error."""


class InputError(SummarizeError):
    """The input the user gave cannot be used."""

    exit_code = 2


class InputFileError(InputError):
    """A file is missing, unreadable, or not a regular file (a directory, a device, a pipe); stdin is closed."""

    exit_code = 4


class EmptyInputError(InputError):
    """An input is empty, whitespace only, or binary."""

    exit_code = 5


class NoArticleTextError(InputError):
    """No article body could be extracted from an HTML page."""

    exit_code = 6


class NotEnglishError(NoArticleTextError):
    """The text is not English (another language or script); the tool reads English articles."""


class ArticleTooLongError(InputError):
    """The input is over one of the size limits (bytes, characters, sentences, a sentence's length) or does not fit
    the model's context window; it is never truncated silently."""

    exit_code = 7


class OutputError(InputError):
    """An output location that cannot be used: no folder, not writable, not a regular file, one of the inputs, or
    a results file another run holds."""


class OutputExistsError(OutputError):
    """Writing the output would overwrite an existing file."""


class DatasetError(InputError):
    """An evaluation dataset is missing fields or cannot be parsed."""


class ModelError(SummarizeError):
    """The model or its provider failed."""

    exit_code = 3


class ModelNotInstalledError(ModelError):
    """The embedded model's extra is not installed and no provider is configured."""

    exit_code = 8


class ModelIntegrityError(ModelError):
    """The assembled model file does not match its pinned SHA-256 digest."""

    exit_code = 8


class ProviderAuthError(ModelError):
    """The provider refused the credentials."""

    exit_code = 9


class ProviderUnreachableError(ModelError):
    """The provider could not be reached, or kept failing, after the retry policy gave up."""

    exit_code = 10


class DeadlineError(ProviderUnreachableError):
    """The command ran past its `--deadline`: in a model call, or in its own work (reading, parsing, comparing)."""


class ProviderRequestError(ModelError):
    """The provider rejected the request itself (bad request, unknown model, ...)."""


class InvalidModelOutputError(ModelError):
    """The model's output still failed validation after the allowed re-asks."""

    exit_code = 11


class ReplayMissError(ModelError):
    """A replayed run met a request that was never recorded (a prompt or setting changed)."""

    exit_code = 12
