// Prints the GOMAXPROCS the Go runtime chose, the CPUs it may use, and
// the cgroup that holds its CPU limit.
package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
)

func main() {
	fmt.Println("NumCPU:", runtime.NumCPU())
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
	cgroups, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		panic(err)
	}
	// Each line is "hierarchy-id:controllers:path"; cgroup v2's has no
	// controllers, cgroup v1's CPU hierarchy lists "cpu".
	for _, line := range strings.Split(strings.TrimSpace(string(cgroups)), "\n") {
		fields := strings.SplitN(line, ":", 3)
		if len(fields) == 3 && (fields[1] == "" || slices.Contains(strings.Split(fields[1], ","), "cpu")) {
			fmt.Println("cgroup:", line)
		}
	}
}
