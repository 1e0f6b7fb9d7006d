"""docker-compose.yml: the production-like stack, checked without a Docker engine."""

import re
from pathlib import Path

import yaml

from kenniscentrum.loadtest.cluster import NGINX_TEMPLATE, render

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_stack_has_proxy_two_web_nodes_worker_scheduler_database_cache_and_store():
    services = compose()
    assert {"proxy", "web1", "web2", "worker", "scheduler", "db", "redis", "s3"} <= set(services)
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["scheduler"]["command"] == ["python", "manage.py", "scheduler"]


def test_web_nodes_share_cache_and_store_and_check_liveness():
    for name in ("web1", "web2"):
        web = compose()[name]
        assert web["environment"]["CACHE_URL"].startswith("redis://redis:")
        assert web["environment"]["S3_PRIVATE_BUCKET"]
        assert "/livez" in " ".join(web["healthcheck"]["test"])


def test_only_the_proxy_is_published():
    published = [name for name, service in compose().items() if service.get("ports")]
    assert published == ["proxy"]


def test_proxy_uses_the_clusters_nginx_template():
    volumes = compose()["proxy"]["volumes"]
    assert any(v.startswith(f"./{NGINX_TEMPLATE.relative_to(ROOT)}:") for v in volumes)


def test_private_files_are_reachable_only_through_the_internal_location():
    config = render(NGINX_TEMPLATE.read_text(), compose()["proxy"]["environment"])
    private = re.search(r"location /_private/ \{(.*?)\n    \}", config, re.S)
    assert private and "internal;" in private.group(1)
    # The public location serves the public bucket only.
    media = re.search(r"location /media/ \{(.*?)\n    \}", config, re.S)
    assert "proxy_pass http://s3:9000/kc-media/;" in media.group(1)
    assert "internal;" not in media.group(1)
