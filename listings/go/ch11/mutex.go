// The exercise with a sync.Mutex: each goroutine holds the lock while it
// reads and writes i.
package main

import (
	"fmt"
	"sync"
)

const (
	ups   = 1000000
	downs = 1000001
)

var (
	i    = 0
	lock sync.Mutex
)

func main() {
	var done sync.WaitGroup
	done.Add(2)
	go func() {
		defer done.Done()
		for k := 0; k < ups; k++ {
			lock.Lock()
			i++
			lock.Unlock()
		}
	}()
	go func() {
		defer done.Done()
		for k := 0; k < downs; k++ {
			lock.Lock()
			i--
			lock.Unlock()
		}
	}()
	done.Wait()
	fmt.Println("i =", i)
}
