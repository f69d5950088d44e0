"""The data a report reads: client configuration, raw files read and validated, the processed store, the result cache, the demo clients."""
