"""Shipped corpora of the assistant: training utterances, development and test sets, the Bitext sample."""
