"""Pure clinical and policy rules: no I/O, no Qt, no SQL."""
