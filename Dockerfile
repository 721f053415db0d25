# The Reisgids for production: gunicorn serves the app, whitenoise the static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system reisgids && useradd --system --gid reisgids --home-dir /app --shell /usr/sbin/nologin reisgids

WORKDIR /app

# WeasyPrint (reisgids/pdf.py: the schouw and kompas reports as PDF) needs Pango and a font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Static files are collected at build time (manifest + compressed copies for whitenoise). The key below
# exists only during this step; the running container needs its own SECRET_KEY.
RUN DEBUG=false SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media \
    && chown -R reisgids:reisgids /app/var

USER reisgids

EXPOSE 8000

CMD ["gunicorn", "reisgids.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
