"""Writes the dataset's content (tables from the dataset_stats example) as Parquet with
zstd, the reference the Clearlist wire format is compared against in BENCHMARKS.md.

Usage: python3 scripts/parquet-size.py TABLES_DIR   (needs `pip install pyarrow`)
"""
import os
import sys

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.compute as pc
import pyarrow.parquet as pq

tables_dir = sys.argv[1]
total = 0
for name in ("accounts", "intent", "contacts"):
    table = pacsv.read_csv(os.path.join(tables_dir, f"{name}.csv"))
    if name == "accounts":
        # Multi-valued cells become list columns, as a Parquet user would store them.
        for column in ("tech", "topic", "vendor"):
            values = pc.split_pattern(pc.fill_null(table[column].cast(pa.string()), ""), ";")
            table = table.set_column(table.schema.get_field_index(column), column, values)
    path = os.path.join(tables_dir, f"{name}.parquet")
    pq.write_table(table, path, compression="zstd", compression_level=9)
    size = os.path.getsize(path)
    total += size
    print(f"{name}: {table.num_rows} rows, {size} bytes")
print(f"total parquet+zstd(9): {total} bytes")
