"""The mile dedications: each mile of an event's course dedicated to a baby, carried by a runner.

`models.py` implements what events shows of a dedication (`events.dedications.MileDedicationBase`);
`panels.py` puts the dedications and the families' requests for a mile in the event's edit form.
"""
