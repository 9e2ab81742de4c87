"""The Commission's recommendations in force (country report, European Semester) that a
round's review takes into account, each linked to focus areas of the strategy."""
