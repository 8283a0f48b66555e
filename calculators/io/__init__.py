"""Reading and writing files: limits, CSV, JSON, Excel workbooks, saved answers."""
