"""Early warning: detectors over the stream, alerts with evidence, backtests (docs/detection.md)."""
