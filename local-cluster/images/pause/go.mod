module dev.todo/local-cluster/pause

go 1.26.0
