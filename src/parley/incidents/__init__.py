"""Incidents, the start of the crisis room: the post-mortem, the words a person reads, the CLI.

The rows and the timeline live in `parley.store.incidents` and `parley.store.alerts`; this
package turns them into figures and sentences (`postmortem`, `render`) and commands (`cli`).
"""
