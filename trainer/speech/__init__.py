"""Speech adapters: the voice, the recogniser and audio sources, each behind a small Protocol."""
