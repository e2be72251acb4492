"""Settings of the public-register benchmark: the production settings (read from the
environment exactly as in production), plus a bench-only URLConf that adds the bare view.
Used only by ``bench/public_register_load.py``; never deployed."""

from shegong.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
