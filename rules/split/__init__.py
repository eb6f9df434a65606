"""Rules of the 'split' category: the conditions of split-based-on widgets."""
