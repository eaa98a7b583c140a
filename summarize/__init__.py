"""summarize: structured, source-checked summaries of news articles through any LLM provider.

```python
from summarize import summarize
result = summarize("article.html")          # the embedded local model by default
print(result.summary.headline)
```
"""

from ._api import asummarize, check, model_config, summarize
from ._article import article_from_text, load_article
from ._errors import (
    ArticleTooLongError,
    DatasetError,
    EmptyInputError,
    InputError,
    InputFileError,
    InvalidModelOutputError,
    ModelError,
    ModelIntegrityError,
    ModelNotInstalledError,
    NoArticleTextError,
    OutputExistsError,
    ProviderAuthError,
    ProviderRequestError,
    ProviderUnreachableError,
    ReplayMissError,
    SummarizeError,
)
from ._llm import EMBEDDED, ModelConfig, StructuredMode
from ._retry import RetryPolicy
from ._schema import (
    Article,
    CheckReport,
    ClaimReport,
    Entity,
    EvidenceSentence,
    KeyPoint,
    Quote,
    Sentence,
    Summary,
    SummaryResult,
    Usage,
)

__all__ = [
    "EMBEDDED",
    "Article",
    "ArticleTooLongError",
    "CheckReport",
    "ClaimReport",
    "DatasetError",
    "EmptyInputError",
    "Entity",
    "EvidenceSentence",
    "InputError",
    "InputFileError",
    "InvalidModelOutputError",
    "KeyPoint",
    "ModelConfig",
    "ModelError",
    "ModelIntegrityError",
    "ModelNotInstalledError",
    "NoArticleTextError",
    "OutputExistsError",
    "ProviderAuthError",
    "ProviderRequestError",
    "ProviderUnreachableError",
    "Quote",
    "ReplayMissError",
    "RetryPolicy",
    "Sentence",
    "StructuredMode",
    "Summary",
    "SummarizeError",
    "SummaryResult",
    "Usage",
    "article_from_text",
    "asummarize",
    "check",
    "load_article",
    "model_config",
    "summarize",
]
