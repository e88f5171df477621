"""The entailment judge: an NLI cross-encoder in ONNX that says whether an answer made a point."""
