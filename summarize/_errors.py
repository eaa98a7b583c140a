"""The one error tree of `summarize`: every failure a user can meet is a `SummarizeError` with a one-line message.

```
SummarizeError
├── InputError                      the user's input cannot be used          (check/eval exit 2)
│   ├── InputFileError              missing, unreadable or a directory       exit 4
│   ├── EmptyInputError             empty, whitespace only, or binary        exit 5
│   ├── NoArticleTextError          no article text found                    exit 6
│   │   └── NotEnglishError         text in another language or script       exit 6
│   ├── ArticleTooLongError         longer than the model's context          exit 7
│   ├── OutputExistsError           --output would overwrite a file          exit 2
│   └── DatasetError                an eval dataset that cannot be read      exit 2
└── ModelError                      the model or provider failed              (check/eval exit 3)
    ├── ModelNotInstalledError      embedded model extra missing             exit 8
    ├── ModelIntegrityError         assembled model fails its SHA-256        exit 8
    ├── ProviderAuthError           provider refused the credentials         exit 9
    ├── ProviderUnreachableError    connection refused, timeouts, 5xx        exit 10
    ├── ProviderRequestError        the provider rejected the request        exit 3
    ├── InvalidModelOutputError     still invalid after the re-asks          exit 11
    └── ReplayMissError             no recording for this request            exit 12
```
"""

from __future__ import annotations


class SummarizeError(Exception):
    """Base of every error `summarize` raises on purpose."""

    exit_code: int = 1
    """Exit code of the `summarize ARTICLE` command for this error."""
    category_exit_code: int = 1
    """Exit code for gating commands (`check`, `eval`): 2 input or usage, 3 model or provider."""


class InputError(SummarizeError):
    """The input the user gave cannot be used."""

    exit_code = 2
    category_exit_code = 2


class InputFileError(InputError):
    """A file is missing, unreadable, or not a regular file."""

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
    """The article does not fit the model's context window; it is never truncated silently."""

    exit_code = 7


class OutputExistsError(InputError):
    """Writing the output would overwrite an existing file."""


class DatasetError(InputError):
    """An evaluation dataset is missing fields or cannot be parsed."""


class ModelError(SummarizeError):
    """The model or its provider failed."""

    exit_code = 3
    category_exit_code = 3


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


class ProviderRequestError(ModelError):
    """The provider rejected the request itself (bad request, unknown model, ...)."""


class InvalidModelOutputError(ModelError):
    """The model's output still failed validation after the allowed re-asks."""

    exit_code = 11


class ReplayMissError(ModelError):
    """A replayed run met a request that was never recorded (a prompt or setting changed)."""

    exit_code = 12
