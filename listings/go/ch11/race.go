// The shared-variable exercise in Go, as first written: two goroutines
// change i with no synchronisation. This is a data race.
package main

import (
	"fmt"
	"sync"
)

const (
	ups   = 1000000
	downs = 1000001
)

var i = 0

func main() {
	var done sync.WaitGroup
	done.Add(2)
	go func() {
		defer done.Done()
		for k := 0; k < ups; k++ {
			i++
		}
	}()
	go func() {
		defer done.Done()
		for k := 0; k < downs; k++ {
			i--
		}
	}()
	done.Wait()
	fmt.Println("i =", i)
}
