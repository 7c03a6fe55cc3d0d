print("gitspaces")
