"""Running a flow offline: the simulator behind `flowlint test`.

A test file (`*.flowtest.yaml`, read by `test_file`) names a flow and its cases; `runner` runs a
case from its trigger event through the widgets (`widgets` says what each type does,
`conditions` how a split decides, `rendering` how Liquid renders), `expectations` compares the
run with what the case expects, `coverage` counts the transitions taken and `reports` prints the
results as text, JSON or JUnit XML.
"""
