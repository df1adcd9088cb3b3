"""Test kit: generated pages with known text, invented citizen-ID cards, and a reference portal.

Used by the tests, the benchmarks and ``make samples``; never by the product itself (an
import-linter contract keeps product modules from importing it)."""
