from django.db import migrations

VECTORS = ("search_vector", "teaser_vector")

# A search ranks every match by its vector. Stored out of line (TOAST, the default for a value
# this long), each one costs a look-up in a second table and a decompression: most of the search
# query's time. Kept in the row (MAIN: the long texts leave the row first) and compressed with
# lz4, the rank reads them from the page the match is on anyway.
FORWARD = [
    f"ALTER TABLE knowledgebase_article ALTER COLUMN {column} SET STORAGE MAIN, "
    f"ALTER COLUMN {column} SET COMPRESSION lz4"
    for column in VECTORS
] + [
    # Values already stored keep their place until written again: write them again.
    "UPDATE knowledgebase_article SET "
    + ", ".join(f"{column} = {column} || ''::tsvector" for column in VECTORS)
]
BACKWARD = [
    f"ALTER TABLE knowledgebase_article ALTER COLUMN {column} SET STORAGE EXTENDED, "
    f"ALTER COLUMN {column} SET COMPRESSION DEFAULT"
    for column in VECTORS
]


class Migration(migrations.Migration):
    dependencies = [
        ("knowledgebase", "0008_search_index_per_reader"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
