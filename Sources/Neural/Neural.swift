// Placeholder until the neural engine lands (issue: neural engine).
