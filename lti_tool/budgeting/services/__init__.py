"""What the budgeting pages ask for: plain values in, plain values or rows out; never a request."""
