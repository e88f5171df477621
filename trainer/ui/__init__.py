"""The Textual user interface; `trainer.ui.app.make_app` builds it."""
