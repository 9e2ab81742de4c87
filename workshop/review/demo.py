"""The demonstration round of `workshop demo` (filled in below)."""


def create_demo(participants: int, seed: int):
    raise NotImplementedError
