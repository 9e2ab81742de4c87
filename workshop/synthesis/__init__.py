"""What stakeholders said in a round, put together: the free texts of each focus area grouped
into themes by meaning (``workshop.synthesis``, composed above the domains it reads).

The contract other modules build on (keep it stable):

- ``workshop.synthesis.collect.round_texts(review_round) -> dict[str, list[Text]]``: every free
  text of a round by focus-area key (reasons given with scores, proposal texts and rationales,
  comments on proposals, suggestions made in the assistant's chat), never a name or an
  organisation. ``Text`` is a frozen dataclass: ``id`` ("reason:12", "proposal:3",
  "rationale:3", "comment:5", "chat:9"), ``kind`` ("reason", "proposal", "rationale",
  "comment", "chat"), ``group`` (the stakeholder group's key or None), ``focus_area`` (its
  key), ``text``, ``score`` (the answer's value where the text is a reason, else None) and
  ``lang`` ("fi" or "en").
- ``workshop.synthesis.themes.themes_for(texts, lang="fi") -> ThemeSet``: ``ThemeSet.themes``
  is a list of ``Theme`` (``label``, ``ids``, ``size``, ``by_group``: group key → count,
  ``quotes``: two or three representative texts, ``mean_score``: the mean of the scores whose
  reasons are in it, or None) largest first, and ``ThemeSet.unassigned`` the texts that fit no
  theme ("muut"). The same texts give the same themes, in whatever order they come.
- ``workshop.synthesis.features``: a text's features (its embeddings and lemmas), computed once
  and kept by the text's hash (memory and the ``text_feature`` table); ``themes_for`` computes
  the missing ones itself, which takes some 60–150 ms a text.
- ``workshop.synthesis.collect.warm_round(round_id)``: a job for ``workshop/offload.py`` that
  computes the features of a round's texts not seen before, so that a page or an export that
  asks for its themes does not compute hundreds in a request. Proposals, rationales and
  comments are queued for their features when they arrive (``arrival.py``), and the reasons of
  a live scoring step get theirs from the console's live themes (``live.py``).
- ``workshop.synthesis.cli.synthesis_cli``: the ``workshop synthesis`` command group.
"""
