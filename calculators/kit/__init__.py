"""What every calculator is built from: the contract, fields and errors, data schemas, reports, rating scales."""
