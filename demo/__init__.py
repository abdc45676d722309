"""Demo content for ``manage.py load_demo``, taken from the two seed documents in the design folder.

``mopac``, ``lancashire``, ``onboarding`` and ``people`` hold the content as data; ``rows`` and
``load_forces`` hold the loading helpers the command shares.

The published record PCD 1838 and the Lancashire Part II form are copied word for word, typos included,
because they are records. Everything the seeds do not give (people's names, most dates, the other forces'
on-boarding history) is fictitious and chosen only to be plausible.
"""
