"""Views of the labs app: a model exercise on a page of its own (the run without JavaScript,
the fragment JavaScript fetches), the learner's scenarios, the comparison and its export, and
the graded task. Lessons show exercises through their block (`labs.blocks`)."""
