not served: the name has an underscore
