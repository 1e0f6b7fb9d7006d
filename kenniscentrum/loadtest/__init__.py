"""Development-only tooling: scale data, benchmark, soak test and outage drill.

Installed only with DEBUG on (and under the tests); production settings leave it out and the
Docker image does not contain it (.dockerignore). Its commands: `seed_scale`, `benchmark`, `soak`,
`resilience`, `seed_articles` and `search_timing` (docs/performance.md). It may import every app;
no app and nothing else of `kenniscentrum` imports it.
"""
