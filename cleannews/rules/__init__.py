"""Rules look at blocks and report findings; they never change text themselves.

The pipeline is the single place that acts on what a rule found.
"""
