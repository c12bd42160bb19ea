"""The one settings object. Nothing else in the service reads the environment."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

# The checkout (or image directory) holding `app/`, `migrations/` and `alembic.ini`. Relative
# state paths are taken from here, not from the current directory, so every `invoicer` command
# finds the same database and mail wherever it is started.
PROJECT_DIR = Path(__file__).resolve().parent.parent


class MailTransport(StrEnum):
    file = "file"
    smtp = "smtp"


class SmtpTls(StrEnum):
    none = "none"
    starttls = "starttls"
    tls = "tls"


class Settings(BaseSettings):
    """Service settings, read from `INVOICER_*` environment variables and `.env`."""

    # The project's .env, then one in the current directory (which wins).
    model_config = SettingsConfigDict(
        env_prefix="INVOICER_", env_file=(PROJECT_DIR / ".env", ".env"), extra="ignore"
    )

    database_url: str = Field(
        default="sqlite:///var/invoicer.db",
        description="SQLite or PostgreSQL URL; the async driver is chosen by the service. A "
        "relative SQLite path is taken from the project directory, wherever a command starts.",
    )
    database_pool_size: int = Field(
        default=20,
        ge=1,
        description="PostgreSQL connections per process, opened on demand and kept; requests "
        "beyond it wait for one.",
    )
    operator_token: SecretStr | None = Field(
        default=None,
        description="Bearer token for operator endpoints (creating administrations, run-due).",
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token that `/metrics` requires; unset: `/metrics` is open to anyone "
        "who can reach the port (keep it on an internal network then).",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address `invoicer serve` listens on (`--host` overrides; "
        "`make run HOST=...`).",
    )
    port: int = Field(
        default=8000,
        ge=1,
        le=65535,
        description="Port `invoicer serve` listens on (`--port` overrides; `make run PORT=...`).",
    )
    public_base_url: str | None = Field(
        default=None,
        description="Where customers reach this service: the base of each final invoice's page "
        "(`public_url`, `[factuur_link]` in mails), e.g. `https://facturen.example.nl`. Unset: "
        "`http://` + `INVOICER_HOST`:`INVOICER_PORT`, which only works on that machine.",
    )
    var_dir: Path = Field(
        default=Path("var"),
        description="Where local state is kept (the demo's API key); relative: from the project "
        "directory.",
    )
    mail_transport: MailTransport = Field(
        default=MailTransport.file, description="`file` writes .eml files; `smtp` sends."
    )
    mail_dir: Path = Field(
        default=Path("var/mail"),
        description="Where the file transport writes .eml files; relative: from the project "
        "directory.",
    )
    smtp_host: str = Field(default="127.0.0.1", description="SMTP server host.")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="SMTP server port.")
    smtp_username: str | None = Field(default=None, description="SMTP AUTH user name.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP AUTH password.")
    smtp_tls: SmtpTls = Field(default=SmtpTls.none, description="`none`, `starttls` or `tls`.")
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, description="SMTP socket timeout.")
    mail_connections: int = Field(
        default=4, ge=1, le=20, description="SMTP connections a worker sends over at once."
    )
    mail_max_attempts: int = Field(
        default=8, ge=1, description="Delivery attempts before a deferred recipient is given up."
    )
    mail_retry_base_seconds: float = Field(
        default=60.0, gt=0, description="First retry delay; doubles per attempt (with jitter)."
    )
    mail_retry_max_seconds: float = Field(default=3600.0, gt=0, description="Longest retry delay.")
    mail_lease_seconds: float = Field(
        default=300.0,
        gt=0,
        description="How long a worker owns a mail it is sending; after a crash, the retry.",
    )
    webhook_allow_private_urls: bool = Field(
        default=False,
        description="Allow webhook URLs on loopback, link-local and private networks "
        "(tests, or receivers inside the same network).",
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, description="Webhook HTTP timeout.")
    webhook_max_attempts: int = Field(
        default=10, ge=1, description="Delivery attempts of a webhook event before giving up."
    )
    worker_poll_seconds: float = Field(
        default=5.0, gt=0, description="How often the worker looks for due work."
    )
    embedded_worker: bool = Field(
        default=True,
        description="Run the worker inside `invoicer serve` (`--no-worker` turns off).",
    )
    outbox_stuck_seconds: float = Field(
        default=900.0,
        gt=0,
        description="Readiness reports the outbox as stuck when a due mail waits longer.",
    )
    rate_limit_per_minute: int = Field(
        default=1200, ge=1, description="Requests per minute per API key (per API process)."
    )
    rate_limit_burst: int = Field(
        default=200, ge=1, description="Requests an API key may make at once above the rate."
    )
    api_key_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description="How long a process reuses a verified API key for reads (0: never). "
        "Writes always check the key; a revoked key may read this long on other processes.",
    )
    mail_limit_per_hour: int = Field(
        default=1000, ge=1, description="Mails an administration may queue per hour."
    )
    max_active_requests: int = Field(
        default=0,
        ge=0,
        description="Requests a process works on at once, the others waiting their turn (0: no "
        "limit). A few (4) shorten the latency tail under CPU-bound load, but a request waiting "
        "for a lock (finalising, for the number counter) keeps its turn meanwhile.",
    )
    max_body_bytes: int = Field(
        default=2 * 1024 * 1024, ge=1024, description="Largest request body accepted."
    )

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgres")):
            raise ValueError("only sqlite and postgresql URLs are supported")
        url = make_url(value)
        database = url.database
        if url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
            return value
        path = Path(database)
        if path.is_absolute() or database.startswith("file:"):
            return value
        return url.set(database=str(PROJECT_DIR / path)).render_as_string(hide_password=False)

    @field_validator("public_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        # Links go into mails: a base the customer cannot open, or one that carries a query or
        # fragment (the token would end up inside it), is refused when the service starts.
        if value is None:
            return None
        parsed = urlsplit(value)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError("must be an http:// or https:// URL with a host")
        if parsed.query or parsed.fragment or parsed.username or parsed.password:
            raise ValueError("must not carry a query, a fragment or credentials")
        return value.rstrip("/")

    def public_base(self) -> str:
        """The base URL of the customer's invoice pages, without a trailing slash."""
        if self.public_base_url:
            return self.public_base_url
        host = self.host
        if host in ("", "0.0.0.0"):  # every IPv4 address: this machine's loopback is one
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @field_validator("var_dir", "mail_dir")
    @classmethod
    def _in_project(cls, value: Path) -> Path:
        return value if value.is_absolute() else PROJECT_DIR / value


@lru_cache
def get_settings() -> Settings:
    return Settings()


def reference_table() -> str:
    """The settings as a Markdown table (the README's configuration reference is made from it)."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, SecretStr) or default is None:
            shown = "unset"
        elif isinstance(default, StrEnum):
            shown = f"`{default.value}`"
        else:
            shown = f"`{default}`"
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `INVOICER_{name.upper()}` | {shown} | {description} |")
    return "\n".join(rows)
