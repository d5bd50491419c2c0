#!/usr/bin/env bash
# Install what the browser tests need: Debian's chromium (system package; Playwright drives it
# through executable_path, it never downloads a browser) and the web extra.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q chromium
fi
python -m pip install -q 'starlette>=0.37' 'uvicorn>=0.29' 'httpx>=0.27' 'playwright>=1.44'
