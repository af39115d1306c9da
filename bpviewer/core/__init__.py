"""The model: network spec, exact training engine, history and stepping. Never imports Qt."""
