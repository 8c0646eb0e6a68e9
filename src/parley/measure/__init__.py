"""Measure: the figures dashboards and reports show, read from the rollups the pipeline keeps."""
