"""Which storages hold the uploads: local folders, or buckets of an S3-compatible store.

Plain data, no Django import, so that the settings and the tests build the storages the same
way. The backends named here live in `kenniscentrum.lib.storage`.
"""

# Where the public media go in a bucket shared with private files, so that the bucket's
# public-read policy can name this prefix alone.
SHARED_BUCKET_MEDIA_PREFIX = "media/"


def public_read_policy(bucket, prefix=""):
    """The bucket policy that makes the public media readable by anyone, and nothing more: no
    listing, no writing, nothing outside `prefix` (the README's policy; the tests and
    `make cluster` set it on their stores)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
            }
        ],
    }


def upload_storages(
    *,
    media_bucket="",
    private_bucket="",
    endpoint_url="",
    access_key="",
    secret_key="",
    region="",
    media_prefix=None,
    media_url="",
    private_prefix="private/",
    url_seconds=60,
):
    """STORAGES entries "default" (public uploads) and "private" (files served only after a
    permission check). Without a bucket, each stays on the local file system."""
    connection = {
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        # A store of one's own (MinIO, Garage, the one in the tests) is addressed by path, not
        # by a host name per bucket; the proxy's accel location relies on that path.
        "addressing_style": "path" if endpoint_url else None,
        # Signature version 4 everywhere: every region and S3-compatible store accepts it, and
        # its presigned URLs carry their lifetime (X-Amz-Expires), at most seven days.
        "signature_version": "s3v4",
    }
    if media_prefix is None:
        shared = media_bucket and media_bucket == private_bucket
        media_prefix = SHARED_BUCKET_MEDIA_PREFIX if shared else ""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "kenniscentrum.lib.storage.PrivateFileSystemStorage"},
    }
    if media_bucket:
        storages["default"] = {
            "BACKEND": "kenniscentrum.lib.storage.PublicS3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": media_bucket,
                "location": media_prefix.strip("/"),
                "public_url": media_url,
            },
        }
    if private_bucket:
        storages["private"] = {
            "BACKEND": "kenniscentrum.lib.storage.PrivateS3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": private_bucket,
                "location": private_prefix.strip("/"),
                "querystring_expire": url_seconds,
            },
        }
    return storages
