"""Views of the certificates app: public verification, the learner's own, staff, Open Badges."""
