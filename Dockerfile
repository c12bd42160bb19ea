FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /srv/invoicer

COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY pdf_templates ./pdf_templates
RUN pip install -e . && useradd --system --home /srv/invoicer invoicer \
    && mkdir -p var && chown invoicer var
USER invoicer

EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
# Applies migrations, then serves the API with the in-process worker.
# Scale out with INVOICER_DATABASE_URL=postgresql://... and `invoicer worker` containers.
CMD ["invoicer", "serve", "--host", "0.0.0.0", "--port", "8000"]
