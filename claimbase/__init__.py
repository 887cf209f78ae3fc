"""claimbase: a claim-tracking knowledge base built from hand-written YAML records.

Records flow one way: load -> validate -> link -> check -> render -> build.
"""
