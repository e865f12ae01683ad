"""Activities: configured exercises, modules or forms of a course, each of a pluggable kind."""
