// Prints what the Go runtime chose for GOMAXPROCS, then changes it.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	fmt.Println("NumCPU:", runtime.NumCPU())
	// An argument below 1 only asks: it changes nothing.
	fmt.Println("GOMAXPROCS at start:", runtime.GOMAXPROCS(0))
	previous := runtime.GOMAXPROCS(1)
	fmt.Println("runtime.GOMAXPROCS(1) returned:", previous)
	fmt.Println("GOMAXPROCS now:", runtime.GOMAXPROCS(0))
}
