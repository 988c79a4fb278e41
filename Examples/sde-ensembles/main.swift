// Placeholder example.
print("not yet implemented")
