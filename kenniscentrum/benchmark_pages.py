"""The pages `manage.py benchmark` measures: (label, path, logged in?).

Each app's representative pages are picked from the data present, so the benchmark runs on the
demo data and on the scale data alike.
"""


def benchmark_pages():
    return [
        ("home", "/nl/", False),
    ]
