"""How ``make impact`` reaches each provider: base URL, key, rate limits, hosts, size caps.

A configuration mistake (a key pasted with a space, an unknown provider, a base URL without
``https://``) stops the run before any request with exit status 2 and a sentence saying
what to fix. Key values are never repeated in messages: they may end up in CI logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
import re
from typing import Any
from urllib.parse import urlsplit

from meded_core.bounded_http import host_of

from .settings import PROVIDERS, SETTINGS

DEFAULT_URLS = {
    "altmetric": "https://api.altmetric.com/v1",
    "crossref": "https://api.crossref.org",
    "openalex": "https://api.openalex.org",
    "icite": "https://icite.od.nih.gov/api",
    "europepmc": "https://www.ebi.ac.uk/europepmc/webservices/rest",
}
URL_ENV = {name: f"{name.upper()}_API_URL" for name in PROVIDERS}
KEY_ENV = {"altmetric": "ALTMETRIC_API_KEY", "openalex": "OPENALEX_API_KEY"}
KEY_REQUIRED = {"altmetric"}  # skipped with one notice when its key is absent
MAILTO_ENV = "CROSSREF_MAILTO"

# Starting limits: (requests, per seconds, concurrent). Each provider's own headers
# (x-rate-limit-*, x-concurrency-limit) replace them as soon as it announces its limits.
DEFAULT_LIMITS = {
    "altmetric": (1.0, 1.0, 1),  # the historical 1 call/second; keyed limits vary by licence
    "crossref": (5.0, 1.0, 1),  # public pool since Dec 2025 (polite pool: see below)
    "openalex": (10.0, 1.0, 5),  # OpenAlex allows 100/s; singletons are free with a key
    "icite": (3.0, 1.0, 1),  # undocumented; batches of up to 1,000 PMIDs make it cheap
    "europepmc": (10.0, 1.0, 3),  # undocumented; one search per work
}
CROSSREF_POLITE_LIMITS = (10.0, 1.0, 3)  # with CROSSREF_MAILTO (recorded Jun 2026)
BATCH_SIZES = {"icite": 1000}
# The hosts each provider answers from (its documented API hosts); a redirect anywhere
# else is refused, so another host's numbers are never stored as the provider's.
DOCUMENTED_HOSTS = {
    "altmetric": ("api.altmetric.com",),
    "crossref": ("api.crossref.org",),
    "openalex": ("api.openalex.org",),
    "icite": ("icite.od.nih.gov",),
    "europepmc": ("www.ebi.ac.uk",),
}
# Largest decompressed answer accepted, in bytes: a work or author record is kilobytes to a
# few hundred (a Crossref record lists its references); an iCite batch of 1,000 PMIDs with
# their citing-PMID lists can be megabytes. At most these, times the requests in flight,
# are held in memory at once.
MAX_BYTES = {
    "altmetric": 1024**2,
    "crossref": 8 * 1024**2,
    "openalex": 8 * 1024**2,
    "icite": 32 * 1024**2,
    "europepmc": 2 * 1024**2,
}

_KEY_SHAPE = re.compile(r"^[A-Za-z0-9_\-.]{8,200}$")
_EMAIL_SHAPE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_LIMIT_SHAPE = re.compile(
    r"^(?P<name>[a-z]+)=(?P<limit>\d+(?:\.\d+)?)/(?P<interval>\d+(?:\.\d+)?)?s(?::(?P<conc>\d+))?$"
)


class ConfigError(Exception):
    """A mistake in the environment or command line; the message says how to fix it."""


@dataclass
class ProviderConfig:
    name: str
    base_url: str
    limit: float
    interval: float
    concurrency: int
    fresh_days: int
    batch_size: int = 1
    key: str | None = field(default=None, repr=False)  # never printed
    hosts: frozenset[str] = frozenset()  # host[:port] allowed to answer (redirects too)
    max_bytes: int = 8 * 1024**2  # largest decompressed answer


@dataclass
class RunConfig:
    providers: dict[str, ProviderConfig]
    skipped: dict[str, str] = field(default_factory=dict)  # provider -> notice
    mailto: str | None = None
    force: bool = False
    strict: bool = False
    timeout: tuple[float, float] = (10.0, 30.0)  # connect, whole-answer seconds per request
    max_seconds: float = 1800.0  # the whole run; what was fetched by then is kept and saved
    max_bytes: int | None = None  # overrides every provider's answer size cap (tests)
    attempts: int = 5  # tries per request on 429, 5xx, timeouts and broken answers
    backoff: float = 1.0  # first back-off in seconds, doubled each try, with jitter
    backoff_max: float = 60.0
    max_pause: float = 300.0  # longest Retry-After or quota reset we wait for
    max_workers: int = 16  # threads per provider at most (announced concurrency below it)
    safety: float = 1.04  # keep 4% under announced rates (clock jitter at the server)

    @property
    def secrets(self) -> list[str]:
        """Values to scrub from anything printed or stored."""
        return [p.key for p in self.providers.values() if p.key] + (
            [self.mailto] if self.mailto else []
        )


def _check_key(env_name: str, value: str) -> str:
    value = value.strip()
    if _KEY_SHAPE.match(value):
        if value.lower() in {"changeme", "your-key", "your_api_key", "xxxxxxxx", "none", "null"}:
            raise ConfigError(
                f"{env_name} is a placeholder, not a key: set the real key or unset it"
            )
        return value
    if len(value) < 8:
        problem = f"is only {len(value)} character(s) long"
    elif re.search(r"\s", value):
        problem = "contains a space or line break (a copy-paste slip?)"
    elif value[:1] in "\"'" or value[-1:] in "\"'":
        problem = "is wrapped in quotes; store the key without them"
    else:
        problem = "contains characters an API key does not have (only letters, digits, - _ .)"
    raise ConfigError(
        f"{env_name} does not look like an API key: it {problem}. Fix the repository secret or "
        f"environment variable, or unset it to skip that provider."
    )


def check_base_url(env_name: str, value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(
            f"{env_name}={value!r} is not a base URL: it must start with https:// "
            "(or http:// for a local test server), e.g. https://api.crossref.org"
        )
    if parts.query or parts.fragment:
        raise ConfigError(f"{env_name} must not contain '?' or '#': give the base URL only")
    return value.strip().rstrip("/")


def parse_limit(text: str) -> tuple[str, float, float, int | None]:
    """``crossref=10/1s:3`` -> (name, 10 requests, per 1 second, 3 concurrent)."""
    match = _LIMIT_SHAPE.match(text.strip().lower())
    if not match:
        raise ConfigError(
            f"--limit {text!r}: write PROVIDER=REQUESTS/SECONDSs[:CONCURRENT], e.g. crossref=10/1s:3"
        )
    name = match["name"]
    if name not in PROVIDERS:
        raise ConfigError(f"--limit {text!r}: unknown provider {name!r} ({', '.join(PROVIDERS)})")
    limit, interval = float(match["limit"]), float(match["interval"] or 1)
    if limit <= 0 or interval <= 0:
        raise ConfigError(f"--limit {text!r}: requests and seconds must be above zero")
    return name, limit, interval, int(match["conc"]) if match["conc"] else None


def check_providers(names: Iterable[str], what: str) -> list[str]:
    result = []
    for raw in names:
        for name in str(raw).replace(",", " ").split():
            name = name.strip().lower()
            if name not in PROVIDERS:
                raise ConfigError(
                    f"{what}: unknown provider {name!r}; choose from {', '.join(PROVIDERS)}"
                )
            if name not in result:
                result.append(name)
    return result


def build_config(
    env: Mapping[str, str],
    settings: Mapping[str, Any],
    only: Iterable[str] = (),
    limits: Iterable[str] = (),
    batch_size: int | None = None,
    **options: Any,
) -> RunConfig:
    """Validate the environment and options into a RunConfig (raises ConfigError)."""
    values = SETTINGS.values(settings)
    enabled = check_providers(values["IMPACT_PROVIDERS"] or PROVIDERS, "IMPACT_PROVIDERS")
    if only := [n for n in only if n]:
        wanted = check_providers(only, "--only")
        enabled = [n for n in PROVIDERS if n in wanted]
    mailto = (env.get(MAILTO_ENV) or "").strip() or None
    if mailto and not _EMAIL_SHAPE.match(mailto):
        raise ConfigError(
            f"{MAILTO_ENV} must be an e-mail address (Crossref's polite pool), e.g. editor@example.org"
        )
    overrides = {}
    for text in limits:
        name, limit, interval, conc = parse_limit(text)
        overrides[name] = (limit, interval, conc)
    fresh = values["IMPACT_FRESH_DAYS"]
    config = RunConfig(providers={}, mailto=mailto, **options)
    for name in PROVIDERS:
        key_env = KEY_ENV.get(name)
        key = (env.get(key_env) or "").strip() if key_env else ""
        key = _check_key(key_env, key) if key else None  # a bad key is an error even if unused
        url_env = URL_ENV[name]
        base = (
            check_base_url(url_env, env[url_env])
            if env.get(url_env, "").strip()
            else DEFAULT_URLS[name]
        )
        if name not in enabled:
            continue
        if name in KEY_REQUIRED and not key:
            config.skipped[name] = (
                f"{name}: skipped, no {key_env} (Altmetric's API needs a key since Nov 2025; "
                "the badges on the site still work without one)"
            )
            continue
        limit, interval, conc = DEFAULT_LIMITS[name]
        if name == "crossref" and mailto:
            limit, interval, conc = CROSSREF_POLITE_LIMITS
        if name in overrides:
            limit, interval, new_conc = overrides[name]
            conc = new_conc or conc
        days = fresh[name]
        size = batch_size if (batch_size and name in BATCH_SIZES) else BATCH_SIZES.get(name, 1)
        config.providers[name] = ProviderConfig(
            name=name,
            base_url=base,
            limit=limit,
            interval=interval,
            concurrency=max(1, conc),
            fresh_days=max(0, days),
            batch_size=max(1, min(size, BATCH_SIZES.get(name, 1))),
            key=key,
            hosts=frozenset({host_of(base), *DOCUMENTED_HOSTS[name]}),
            max_bytes=config.max_bytes or MAX_BYTES[name],
        )
    return config
